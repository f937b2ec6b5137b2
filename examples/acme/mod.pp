// mod.pp: the mod definition. Only the first `mod` block of this file counts,
// and `powerpipe mod install` rewrites the `require` block, so keep the rest
// of the mod in other files.
mod "acme_insights" {
  title         = "ACME Insights"
  description   = "Dashboards, controls and detections for the ACME cloud, built on the acme Steampipe plugin."
  documentation = file("./docs/index.md")
  color         = "#0f766e"
  icon          = "/images/mods/acme/acme-insights.svg"
  categories    = ["acme", "compliance", "dashboard", "security"]
  database      = var.database

  search_path_prefix = ["acme_prod"]

  tags = {
    owner = "platform-team"
  }

  opengraph {
    title       = "Powerpipe Mod for ACME Insights"
    description = "Storage, identity and audit insights for the ACME cloud."
    image       = "/images/mods/acme/acme-insights-social-graphic.png"
  }

  require {
    powerpipe {
      min_version = "1.0.0"
    }

    plugin "acme" {
      min_version = "0.12.0"
    }

    # The dependency's alias in references is the label of its own mod block
    # (acme_shared), not the repository name.
    mod "github.com/acme/steampipe-mod-acme-shared" {
      version = "^1.2"
      args = {
        max_key_age_days = var.max_access_key_age
        shared_tag_keys  = ["owner", "cost_center"]
      }
    }
  }
}
