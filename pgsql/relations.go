package pgsql

// This file defines the parts of Relations that need no parser: where a
// qualified name ends, and the order of the answer.

import "sort"

// qualifiedEnd returns the end of the name that starts at i: identifiers
// joined by dots (spaces around them allowed), `aws.aws_s3_bucket`,
// `"my schema"."t"`.
func qualifiedEnd(sql string, i int) int {
	end := tokenEnd(sql, i)
	for k := 0; k < 2; k++ {
		j := end
		for j < len(sql) && isSpace(sql[j]) {
			j++
		}
		if j >= len(sql) || sql[j] != '.' {
			break
		}
		j++
		for j < len(sql) && isSpace(sql[j]) {
			j++
		}
		if j >= len(sql) || !(isIdentStart(sql[j]) || sql[j] == '"') {
			break
		}
		end = tokenEnd(sql, j)
	}
	return end
}

func sortRelations(rels []Relation) {
	sort.SliceStable(rels, func(i, j int) bool { return rels[i].Offset < rels[j].Offset })
}

// ErrorAt returns the Error PostgreSQL reports with message msg at
// position, its 1-based position in characters of sql (0: none): the
// range of the token there.
func ErrorAt(sql string, position int, msg string) Error {
	if _, bad := encodingError(sql); bad {
		return Error{Message: msg}
	}
	return errorAt(sql, position, msg)
}
