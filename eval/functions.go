package eval

// This file builds the function table of §7 from go-cty's standard library
// and HCL's try/can, with the functions they lack written here, and the
// file functions confined to the mod's folder.

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/modls/modls/internal/fspath"
	"github.com/modls/modls/schema"
)

// MaxFileBytes bounds what the file functions read.
const MaxFileBytes = 4 << 20

// functions builds the table; with statOnly, the functions that read a
// file only check that it exists and return an unknown value.
func functions(root string, read Reader, statOnly bool) map[string]function.Function {
	m := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "log": stdlib.LogFunc,
		"max": stdlib.MaxFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc,
		"signum": stdlib.SignumFunc,

		"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "regex": stdlib.RegexFunc,
		"regexall": stdlib.RegexAllFunc, "replace": stdlib.ReplaceFunc, "split": stdlib.SplitFunc,
		"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc, "trimsuffix": stdlib.TrimSuffixFunc,
		"upper": stdlib.UpperFunc,

		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"index": stdlib.IndexFunc, "keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "lookup": stdlib.LookupFunc,
		"merge": stdlib.MergeFunc, "range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc,
		"setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc, "slice": stdlib.SliceFunc,
		"sort": stdlib.SortFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,

		"csvdecode": stdlib.CSVDecodeFunc, "jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,

		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"tobool": stdlib.MakeToFunc(cty.Bool), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tostring": stdlib.MakeToFunc(cty.String), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),

		"startswith":   stringPredicate(strings.HasPrefix),
		"endswith":     stringPredicate(strings.HasSuffix),
		"strcontains":  stringPredicate(strings.Contains),
		"base64encode": stringFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode": stringFunc(base64Decode),
		"urlencode":    stringFunc(func(s string) (string, error) { return url.QueryEscape(s), nil }),
		"basename":     stringFunc(func(s string) (string, error) { return filepath.Base(s), nil }),
		"dirname":      stringFunc(func(s string) (string, error) { return filepath.Dir(s), nil }),
		"md5":          stringFunc(hexHash(md5.New)),
		"sha1":         stringFunc(hexHash(sha1.New)),
		"sha256":       stringFunc(hexHash(sha256.New)),
		"sha512":       stringFunc(hexHash(sha512.New)),
		"base64sha256": stringFunc(base64Hash(sha256.New)),
		"base64sha512": stringFunc(base64Hash(sha512.New)),
	}
	files := fileFuncs{root: root, read: read, statOnly: statOnly}
	m["file"] = files.fn(func(b []byte) (cty.Value, error) {
		if !utf8.Valid(b) {
			return cty.NilVal, fmt.Errorf("the file is not valid UTF-8 text: use filebase64 for binary files")
		}
		return cty.StringVal(string(b)), nil
	})
	m["filebase64"] = files.fn(func(b []byte) (cty.Value, error) {
		return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
	})
	for name, h := range map[string]func() hash.Hash{"md5": md5.New, "sha1": sha1.New, "sha256": sha256.New, "sha512": sha512.New} {
		m["file"+name] = files.fn(func(b []byte) (cty.Value, error) { return cty.StringVal(sum(h, b, hex.EncodeToString)), nil })
	}
	for name, h := range map[string]func() hash.Hash{"base64sha256": sha256.New, "base64sha512": sha512.New} {
		m["file"+name] = files.fn(func(b []byte) (cty.Value, error) {
			return cty.StringVal(sum(h, b, base64.StdEncoding.EncodeToString)), nil
		})
	}
	m["fileexists"] = files.exists()
	// The rest depend on run time, the host or chance: known by type only.
	for _, f := range schema.Functions() {
		if _, ok := m[f.Name]; !ok {
			m[f.Name] = unknownFunc
		}
	}
	return m
}

// unknownFunc accepts any arguments and returns an unknown value.
var unknownFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.DynamicVal, nil
	},
})

func stringFunc(f func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := f(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(s), nil
		},
	})
}

func stringPredicate(f func(s, sub string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "sub", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func base64Decode(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("not valid Base64: %v", err)
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("the decoded bytes are not valid UTF-8")
	}
	return string(b), nil
}

func sum(h func() hash.Hash, b []byte, enc func([]byte) string) string {
	w := h()
	w.Write(b)
	return enc(w.Sum(nil))
}

func hexHash(h func() hash.Hash) func(string) (string, error) {
	return func(s string) (string, error) { return sum(h, []byte(s), hex.EncodeToString), nil }
}

func base64Hash(h func() hash.Hash) func(string) (string, error) {
	return func(s string) (string, error) { return sum(h, []byte(s), base64.StdEncoding.EncodeToString), nil }
}

// fileFuncs are the file functions of one mod.
type fileFuncs struct {
	root     string
	read     Reader
	statOnly bool // check that the file exists; return an unknown value
}

// Resolve returns the path a file function reads for p: relative paths
// against the mod root; an error for a path outside the mod's folder,
// symbolic links followed.
func Resolve(root, p string) (string, error) {
	if root == "" {
		return "", fmt.Errorf("no mod root to resolve %q against", p)
	}
	if strings.HasPrefix(p, "~") {
		return "", fmt.Errorf("%q: modls reads only files inside the mod's folder", p)
	}
	full := p
	if !filepath.IsAbs(full) {
		full = filepath.Join(root, filepath.FromSlash(p))
	}
	full = filepath.Clean(full)
	if !fspath.Within(full, root) {
		return "", fmt.Errorf("%q is outside the mod's folder: modls reads only files inside it", p)
	}
	if real, err := filepath.EvalSymlinks(full); err == nil {
		realRoot, err := filepath.EvalSymlinks(root)
		if err != nil {
			realRoot = root
		}
		if !fspath.Within(real, realRoot) {
			return "", fmt.Errorf("%q links outside the mod's folder: modls reads only files inside it", p)
		}
	}
	return full, nil
}

func (ff fileFuncs) load(p string) ([]byte, error) {
	full, err := Resolve(ff.root, p)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(full); err == nil && !fi.Mode().IsRegular() {
		// A folder, or a named pipe or device, whose reader might wait
		// forever or never end.
		return nil, fmt.Errorf("%s is not a regular file", path.Clean(filepath.ToSlash(p)))
	} else if err == nil && fi.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%q is larger than %d MB", p, MaxFileBytes>>20)
	}
	b, err := ff.read(full)
	if err != nil {
		return nil, fmt.Errorf("no file %s in the mod's folder", path.Clean(filepath.ToSlash(p)))
	}
	if len(b) > MaxFileBytes {
		return nil, fmt.Errorf("%q is larger than %d MB", p, MaxFileBytes>>20)
	}
	return b, nil
}

// stat checks what load would: the path, that the file exists, its size.
func (ff fileFuncs) stat(p string) error {
	full, err := Resolve(ff.root, p)
	if err != nil {
		return err
	}
	fi, err := os.Stat(full)
	switch {
	case err != nil || !fi.Mode().IsRegular():
		return fmt.Errorf("no file %s in the mod's folder", path.Clean(filepath.ToSlash(p)))
	case fi.Size() > MaxFileBytes:
		return fmt.Errorf("%q is larger than %d MB", p, MaxFileBytes>>20)
	}
	return nil
}

func (ff fileFuncs) fn(conv func([]byte) (cty.Value, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if ff.statOnly {
				if err := ff.stat(args[0].AsString()); err != nil {
					return cty.UnknownVal(cty.String), function.NewArgError(0, err)
				}
				return cty.UnknownVal(cty.String), nil
			}
			b, err := ff.load(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), function.NewArgError(0, err)
			}
			return conv(b)
		},
	})
}

func (ff fileFuncs) exists() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			full, err := Resolve(ff.root, args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.Bool), function.NewArgError(0, err)
			}
			fi, err := os.Stat(full)
			return cty.BoolVal(err == nil && fi.Mode().IsRegular()), nil
		},
	})
}
