" Vim syntax file
" Language:  Powerpipe mod (HCL native syntax: .pp and .sp files of a mod,
"            .ppvars and .spvars variable files)
" Used when the tree-sitter HCL parser is not installed (see
" lua/modls/init.lua, start_treesitter). SQL is highlighted inside
" `sql = <<-EOQ … EOQ` heredocs and `sql = "…"` strings with Vim's SQL syntax
" (g:sql_type_default chooses the dialect; g:powerpipe_sql = 0 turns it off).

if exists('b:current_syntax') || get(b:, 'modls_treesitter', 0)
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" SQL first: its file sets options of its own (case, iskeyword), reset below.
let s:sql = get(g:, 'powerpipe_sql', 1)
if s:sql
  syn include @powerpipeSQL syntax/sql.vim
  unlet! b:current_syntax
endif
syn case match
syn sync fromstart

" Comments.
syn keyword powerpipeTodo contained TODO FIXME XXX NOTE
syn match powerpipeComment "#.*$" contains=powerpipeTodo,@Spell
syn match powerpipeComment "//.*$" contains=powerpipeTodo,@Spell
syn region powerpipeComment start="/\*" end="\*/" contains=powerpipeTodo,@Spell

" Block headers: a block type at the start of a line, its labels, then `{`.
" The resource types of the mod language (§2 of the language reference) and
" the structural blocks (require, opengraph, axes, option, column, …).
syn match powerpipeBlockType "^\s*\zs\h[[:alnum:]_-]*\ze\%(\s\+\%(\"[^\"]*\"\|\h[[:alnum:]_-]*\)\)*\s*{" nextgroup=powerpipeLabel skipwhite
syn match powerpipeResourceType "^\s*\zs\<\%(mod\|variable\|locals\|query\|control\|detection\|benchmark\|dashboard\|container\|card\|chart\|flow\|graph\|hierarchy\|image\|input\|table\|text\|node\|edge\|category\|with\|param\)\>\ze\%(\s\+\%(\"[^\"]*\"\|\h[[:alnum:]_-]*\)\)*\s*{" nextgroup=powerpipeLabel skipwhite
syn match powerpipeLabel "\"[^\"]*\"\|\h[[:alnum:]_-]*\ze\s*[{\"]" contained nextgroup=powerpipeLabel skipwhite

" Attribute names (and object keys written one per line).
syn match powerpipeAttribute "^\s*\zs\h[[:alnum:]_-]*\ze\s*=\%([^=>]\|$\)"

" Expressions.
syn keyword powerpipeBoolean true false
syn keyword powerpipeNull null
syn keyword powerpipeKeyword for in if else endif endfor
syn keyword powerpipeTypeName string number bool any
syn match powerpipeNumber "\<\d\+\%(\.\d\+\)\=\%([eE][+-]\=\d\+\)\=\>"
syn match powerpipeFunction "\<\h[[:alnum:]_]*\%(::\h[[:alnum:]_]*\)*\ze("
" References: <type>.<name>, var.<name>, local.<name>, the runtime roots
" (param, self, with) and connection.<type>.<name>; and a dependency's
" <alias>.<type>.<name> and <alias>.var.<name>.
syn match powerpipeReference "\<\%(\h\w*\.\)\=\%(benchmark\|card\|category\|chart\|control\|dashboard\|detection\|edge\|flow\|graph\|hierarchy\|image\|input\|node\|query\|table\|text\|var\)\.\h[[:alnum:]_-]*"
syn match powerpipeReference "\<\%(local\|param\|with\|self\.input\)\.\h[[:alnum:]_-]*"
syn match powerpipeReference "\<connection\.\h[[:alnum:]_-]*\.\h[[:alnum:]_-]*"

syn cluster powerpipeExpr contains=powerpipeBoolean,powerpipeNull,powerpipeKeyword,powerpipeTypeName,powerpipeNumber,powerpipeFunction,powerpipeReference,powerpipeString,powerpipeBraces

" Strings and templates: escapes, ${ … } interpolations, %{ … } directives.
syn match powerpipeEscape contained "\\\%([nrt\"\\]\|u\x\{4}\|U\x\{8}\)"
syn match powerpipeEscape contained "\$\${\|%%{"
syn region powerpipeInterp contained matchgroup=powerpipeInterpDelim start="[$%]{\~\=" end="\~\=}" contains=@powerpipeExpr
syn region powerpipeBraces contained transparent start="{" end="}" contains=@powerpipeExpr,powerpipeAttribute
syn region powerpipeString start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline contains=powerpipeEscape,powerpipeInterp,@Spell
syn region powerpipeHeredoc matchgroup=powerpipeHeredocDelim start="<<-\=\z(\h[[:alnum:]_-]*\)\s*$" end="^\s*\z1\s*$" contains=powerpipeEscape,powerpipeInterp
if s:sql
  syn region powerpipeSQLString matchgroup=powerpipeString start=+\%(\<sql\s*=\s*\)\@<="+ skip=+\\\\\|\\"+ end=+"+ oneline contains=@powerpipeSQL,powerpipeInterp
  syn region powerpipeSQLHeredoc matchgroup=powerpipeHeredocDelim start="\%(\<sql\s*=\s*\)\@<=<<-\=\z(\h[[:alnum:]_-]*\)\s*$" end="^\s*\z1\s*$" keepend contains=@powerpipeSQL,powerpipeInterp
endif

hi def link powerpipeTodo         Todo
hi def link powerpipeComment      Comment
hi def link powerpipeResourceType Structure
hi def link powerpipeBlockType    Type
hi def link powerpipeLabel        Title
hi def link powerpipeAttribute    Identifier
hi def link powerpipeBoolean      Boolean
hi def link powerpipeNull         Constant
hi def link powerpipeKeyword      Keyword
hi def link powerpipeTypeName     Type
hi def link powerpipeNumber       Number
hi def link powerpipeFunction     Function
hi def link powerpipeReference    Special
hi def link powerpipeEscape       SpecialChar
hi def link powerpipeInterpDelim  Delimiter
hi def link powerpipeString       String
hi def link powerpipeHeredoc      String
hi def link powerpipeHeredocDelim Delimiter

let b:current_syntax = 'powerpipe'

let &cpo = s:cpo_save
unlet s:cpo_save
