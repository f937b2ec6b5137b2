# tabs.pp: indented with tabs, and tabs between tokens.

dashboard "tabbed" {
	title	=	"Tabbed"

	container {
		card {
			sql	= "select 1 as value"
			width	= 2	# tab before the comment
		}
	}
}

query "tab_heredoc" {
	sql = <<-EOQ
		select
			name
		from
			acme_storage_bucket
	EOQ
}

locals {
	string_with_tab = "a	b and a literal	tab"
}
