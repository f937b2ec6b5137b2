// Package tokens classifies the spans of a mod file an editor colors: the
// tokens parse.TokensSQL finds, each given a kind and modifiers from the
// schema (a deprecated block type or attribute, a function of the standard
// table, the roots of references). The kinds and modifiers are LSP's
// standard semantic token types and modifiers; the package knows nothing of
// the protocol, and the caller encodes the byte ranges it returns.
//
// # Where to start
//
// Classify returns the tokens of a text that overlap a byte range, in
// order; SQLLocals names the locals of a file whose values end up in SQL,
// which only the index's postings tell:
//
//	for _, t := range tokens.Classify(src, 0, len(src), tokens.SQLLocals(ix, path)) {
//		… t.Start, t.End, t.Kind, t.Mods
//	}
//
// # What each kind of token becomes
//
//	block type `dashboard`           Namespace (Deprecated when the schema says so)
//	label `"name"`                   Class, Declaration|Definition; a variable's
//	                                 Variable, Readonly…, a param's, input's or
//	                                 with's Parameter…, a mod's Namespace…;
//	                                 column, series, point and property labels
//	                                 (SQL columns) Property, option labels EnumMember,
//	                                 plugin labels Type, a dependency's path String
//	attribute name                   Property (Deprecated), a local's Variable,
//	                                 Readonly|Declaration|Definition
//	object key                       Property; a key of `args` Parameter
//	query.x.sql                      Type, Class, Property
//	aws.query.x                      Namespace, Type, Class
//	var.x, local.x                   Variable DefaultLibrary, Variable Readonly
//	param.x, with.x, self.input.x    Parameter DefaultLibrary, Parameter
//	connection.aws.x                 Namespace DefaultLibrary, Type, Variable Readonly
//	function call                    Function (DefaultLibrary when in the table)
//	a variable's type: string, list  Type DefaultLibrary
//	for-expression names             Variable (Declaration where declared)
//	true false null for in if        Keyword
//	SQL text                         Keyword, String, Number, Comment, Function,
//	                                 Operator, Parameter ($n) for those of the
//	                                 SQL; the rest is left to the editor (its
//	                                 grammar may inject SQL)
//
// SQL text is an `sql` attribute's string or heredoc, and the string or
// heredoc of a local whose value ends up in one: referenced in an `sql`
// attribute, or in the value of such a local, anywhere in the mod.
package tokens
