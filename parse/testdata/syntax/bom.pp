# bom.pp: starts with a UTF-8 byte order mark (EF BB BF) before this comment.

query "after_bom" {
  sql = "select 'Ünïcode after a BOM' as value"
}
