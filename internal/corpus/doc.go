// Package corpus is a test helper that finds the real public mods tests run
// on: the folder ../shared/corpus beside the repository, one mod per
// sub-folder. Tests call Mods to cover every corpus mod, so a mod added to
// the corpus is tested by every corpus test without editing them; a test that
// needs one particular mod calls Mod. Only tests import it.
package corpus
