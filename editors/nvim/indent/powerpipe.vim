" Vim indent file
" Language: Powerpipe mod (HCL)
" One shiftwidth per open bracket ({, [, () left on the previous line, one
" less for a line that starts with a closing one; heredoc bodies and their
" closing markers keep the indent they have.

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal autoindent nosmartindent nocindent nolisp
setlocal indentexpr=PowerpipeIndent(v:lnum)
setlocal indentkeys=0},0],0),!^F,o,O
let b:undo_indent = 'setlocal autoindent< smartindent< cindent< lisp< indentexpr< indentkeys<'

if exists('*PowerpipeIndent')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" s:HeredocStart returns the line of the heredoc that line lnum is inside of
" (its body or closing marker), or 0. Heredocs do not nest, so the nearest
" opening line above decides.
function! s:HeredocStart(lnum) abort
  let l = a:lnum - 1
  let stop = max([1, a:lnum - 1000])
  while l >= stop
    let m = matchlist(getline(l), '<<-\=\(\h[[:alnum:]_-]*\)\s*$')
    if !empty(m)
      let k = l + 1
      while k < a:lnum
        if getline(k) =~# '^\s*' . m[1] . '\s*$'
          return 0
        endif
        let k += 1
      endwhile
      return l
    endif
    let l -= 1
  endwhile
  return 0
endfunction

" s:Code returns a line without its strings and comments.
function! s:Code(line) abort
  let s = substitute(a:line, '"\%(\\.\|[^"\\]\)*"', '""', 'g')
  let s = substitute(s, '\s*\%(#\|//\).*$', '', '')
  return substitute(s, '/\*.\{-}\*/', '', 'g')
endfunction

function! PowerpipeIndent(lnum) abort
  if s:HeredocStart(a:lnum)
    return -1
  endif
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  " After a heredoc, indent from the line that opened it.
  let start = s:HeredocStart(prev)
  if start
    let prev = start
  endif
  let ind = indent(prev)
  let code = substitute(s:Code(getline(prev)), '^\s*[\]})]\+', '', '')
  let net = len(substitute(code, '[^{[(]', '', 'g')) - len(substitute(code, '[^\]})]', '', 'g'))
  if net > 0
    let ind += shiftwidth()
  elseif net < 0
    let ind -= shiftwidth()
  endif
  if getline(a:lnum) =~# '^\s*[\]})]'
    let ind -= shiftwidth()
  endif
  return max([ind, 0])
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
