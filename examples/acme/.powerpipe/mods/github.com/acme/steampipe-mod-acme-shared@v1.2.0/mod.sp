// Installed by `powerpipe mod install`. The alias used by dependants is this
// block's label, acme_shared, not the repository name.
mod "acme_shared" {
  title         = "ACME Shared"
  description   = "Queries and controls shared by the ACME mods."
  documentation = file("./docs/index.md")
  categories    = ["acme"]

  require {
    plugin "acme" {
      min_version = "0.10.0"
    }
  }
}
