package dbwork

// This file reports the databases' state, for modls/stats.

import (
	"time"

	"github.com/modls/modls/catalog"
	"github.com/modls/modls/db"
	"github.com/modls/modls/render"
)

// Stats are the state of the workspace's databases.
type Stats struct {
	// Connections are the databases opened, with their state.
	Connections []db.Status `json:"connections"`
	// Reason says why the workspace's database is not connected: none is
	// configured, or the mod's is not trusted; "" when it is.
	Reason string `json:"reason,omitempty"`
	// Catalog counts the tables and columns of the workspace's catalog.
	Catalog *CatalogStats `json:"catalog,omitempty"`
}

// CatalogStats describe a catalog in use.
type CatalogStats struct {
	Source  string    `json:"source"` // the database, or the file
	Tables  int       `json:"tables"`
	Columns int       `json:"columns"`
	Read    time.Time `json:"read,omitzero"`
}

func catalogStats(cat *catalog.Catalog, source string) *CatalogStats {
	tables, columns := cat.Size()
	return &CatalogStats{Source: source, Tables: tables, Columns: columns, Read: cat.Read}
}

// Stats reports the databases of the workspace whose snapshot r renders.
// It opens the workspace's database in the background when it is not yet.
func (d *Databases) Stats(r *render.Renderer) *Stats {
	st := &Stats{Connections: []db.Status{}}
	t, err := d.Target(r, nil)
	if err != nil {
		st.Reason = err.Error()
	} else if _, err := d.Session().Conn(t); err != nil {
		st.Reason = err.Error()
	}
	st.Connections = append(st.Connections, d.Session().Statuses()...)
	if cat := d.Catalog(r, nil); cat != nil {
		source := cat.Database
		if file, _ := d.LoadCatalog(); file == cat {
			d.mu.Lock()
			source = d.st.Catalog
			d.mu.Unlock()
		}
		st.Catalog = catalogStats(cat, source)
	}
	return st
}
