package modgen

// This file builds the SQL text of generated queries. The SQL is never run;
// it only has to look and weigh like the SQL of real mods.

import (
	"fmt"
	"strings"
)

// param is a query parameter: its name, its default (a raw HCL expression,
// or "" for none) and the SQL condition that uses it, with %s standing for
// the positional placeholder.
type param struct {
	name string
	def  string
	cond string
}

// newParam returns one of the parameter shapes the generator uses.
func (g *generator) newParam(kind int) param {
	switch kind % 3 {
	case 0:
		def := quotedList("eu-central-1", "us-east-2")
		if g.vars["regions"] {
			def = "var.regions"
		}
		return param{"regions", def, "r.region = any(%s)"}
	case 1:
		def := "90"
		if len(g.numberVars) > 0 {
			def = "var." + pick(g, g.numberVars)
		}
		return param{"max_age_days", def, "r.created_at > now() - make_interval(days => %s)"}
	default:
		return param{"owner", quote("all"), "(r.tags ->> 'owner' = %s or %s = 'all')"}
	}
}

// controlSQL returns the lines of a control query: resource, status and
// reason columns plus dimensions, filtered by the params.
func controlSQL(svc *service, noun string, a aspect, params []param) []string {
	lines := []string{
		"select",
		"  r.arn as resource,",
		"  case",
		"    when " + a.cond + " then 'ok'",
		"    else 'alarm'",
		"  end as status,",
		"  case",
		"    when " + a.cond + " then r.title || ' " + a.good + ".'",
		"    else r.title || ' " + a.bad + ".'",
		"  end as reason",
		"  ${local.tag_dimensions_sql}",
		`  ${replace(local.common_dimensions_qualifier_sql, "__QUALIFIER__", "r.")}`,
		"from",
		"  " + table(svc, noun) + " as r",
	}
	lines = append(lines, whereClause(params)...)
	lines[len(lines)-1] += ";"
	return lines
}

// whereClause renders the params' conditions, numbering placeholders from 1.
func whereClause(params []param) []string {
	if len(params) == 0 {
		return nil
	}
	lines := []string{"where"}
	for i, p := range params {
		ph := fmt.Sprintf("$%d", i+1)
		cond := strings.ReplaceAll(p.cond, "%s", ph)
		if i > 0 {
			cond = "and " + cond
		}
		lines = append(lines, "  "+cond)
	}
	return lines
}

// inputSQL lists the resources of a table as input options.
func inputSQL(svc *service, noun string) []string {
	return []string{
		"select",
		"  title as label,",
		"  arn as value,",
		"  json_build_object(",
		"    'account_id', account_id,",
		"    'region', region",
		"  ) as tags",
		"from",
		"  " + table(svc, noun),
		"order by",
		"  title;",
	}
}

// cardSQL reports one property of the resource selected by $1.
func cardSQL(svc *service, noun string, a aspect) []string {
	label := titleCase(strings.TrimSuffix(strings.TrimSuffix(a.name, "_enabled"), "_set"))
	return []string{
		"select",
		"  '" + label + "' as label,",
		"  case when " + a.cond + " then 'Enabled' else 'Disabled' end as value,",
		"  case when " + a.cond + " then 'ok' else 'alert' end as type",
		"from",
		"  " + table(svc, noun) + " as r",
		"where",
		"  r.arn = $1;",
	}
}

// withSQL finds related resources of another table for the resource $1 and
// returns them in column col.
func withSQL(svc *service, noun string, other *service, otherNoun, col string) []string {
	return []string{
		"select",
		"  distinct o.arn as " + col,
		"from",
		"  " + table(other, otherNoun) + " as o,",
		"  jsonb_array_elements_text(o.attached_arns) as a(arn),",
		"  " + table(svc, noun) + " as r",
		"where",
		"  r.arn = $1",
		"  and a.arn = r.arn;",
	}
}

// tagsSQL lists the tags of the resource $1.
func tagsSQL(svc *service, noun string) []string {
	return []string{
		"select",
		"  tag.key as \"Key\",",
		"  tag.value as \"Value\"",
		"from",
		"  " + table(svc, noun) + " as r,",
		"  jsonb_each_text(r.tags) as tag",
		"where",
		"  r.arn = $1",
		"order by",
		"  tag.key;",
	}
}

// countSQL counts the resources of a table by a column.
func countSQL(svc *service, noun, by string) []string {
	return []string{
		"select",
		"  " + by + " as \"" + titleCase(by) + "\",",
		"  count(*) as \"Total\"",
		"from",
		"  " + table(svc, noun),
		"group by",
		"  " + by,
		"order by",
		"  " + by + ";",
	}
}

// inline joins SQL lines into one line for a quoted sql attribute.
func inline(lines []string) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = strings.TrimSpace(l)
	}
	return quote(strings.TrimSuffix(strings.Join(parts, " "), ";"))
}
