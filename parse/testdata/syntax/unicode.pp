# unicode.pp: non-ASCII text — é, ü, ß, 日本語, emoji 🚀, RTL שלום.
// Kommentar mit Umlauten: Überblick über Größen.
/* コメント: 複数行
   にまたがる */

dashboard "überblick" {
  title       = "Überblick — €"
  description = "Größe in MiB; 日本語のタイトル; 🚀 launches"
  tags = {
    "Schlüssel" = "Wert"
    équipe      = "données"
  }

  card "kärtchen" {
    label = "Zähler ✓"
    sql   = "select 'naïve café' as value"
  }
}

locals {
  ünïcödé_name  = "identifiers may be Unicode letters"
  π             = 3.14159
  grüße         = "Grüße, ${local.ünïcödé_name}!"
  mixed         = local.π * 2
  combining     = "e\u0301 vs é"
  wide          = "全角スペース　inside"
  emoji_key     = { "🔑" = "🔒" }
}
