package lsp

// This file receives the server's settings (package settings defines and
// decodes them): in initializationOptions and, when the client supports it,
// from workspace/configuration (section "modls"), pulled again on every
// workspace/didChangeConfiguration.

import (
	"encoding/json"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/settings"
)

// showSettingsProblems tells the user what is wrong with the settings.
func (s *Server) showSettingsProblems(problems []string) {
	if len(problems) > 0 {
		s.notify("window/showMessage", protocol.ShowMessageParams{Type: protocol.MessageTypeWarning,
			Message: "modls settings: " + strings.Join(problems, "; ")})
	}
}

// applySettings makes st the server's settings: the cache budget and the
// databases at once, the ignore patterns by indexing again, the diagnostics
// by publishing again. Problems are shown to the user.
func (s *Server) applySettings(st settings.Settings, problems []string) {
	s.showSettingsProblems(problems)
	s.applyDatabase(st)
	s.mu.Lock()
	s.settings = st
	s.mu.Unlock()
	s.cache.SetBudget(int64(st.CacheBudgetMB) << 20)
	// New ignore paths load the workspace again (also while the first build
	// runs: the reload follows it), which diagnoses again when done.
	if !s.ws.SetIgnore(st.IgnorePaths) && s.ws.Index() != nil {
		s.scheduleDiagnostics()
	}
}

// pullSettings asks the client for the "modls" section, when it can answer.
func (s *Server) pullSettings() {
	s.mu.Lock()
	ok := s.caps.configuration
	s.mu.Unlock()
	if !ok {
		return
	}
	var res []json.RawMessage
	section := "modls"
	if err := s.call(s.base, "workspace/configuration", protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: &section}}}, &res); err != nil {
		s.log.Warn("cannot read settings from the client", "error", err)
		return
	}
	if len(res) == 1 {
		s.applySettings(settings.Decode(res[0]))
	}
}

// didChangeConfiguration re-reads the settings: from the client when it
// supports workspace/configuration, else from the notification itself.
func (s *Server) didChangeConfiguration(g *glsp.Context, p *protocol.DidChangeConfigurationParams) error {
	s.mu.Lock()
	pull := s.caps.configuration
	s.mu.Unlock()
	if pull {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.guard("settings", nil)
			s.pullSettings()
		}()
		return nil
	}
	raw, err := json.Marshal(p.Settings)
	if err != nil {
		return err
	}
	s.applySettings(settings.Decode(raw))
	return nil
}
