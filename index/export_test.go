package index

import (
	"strconv"
	"strings"
)

// Helpers only the tests use.

// AnonymousName returns Powerpipe's short name for the anonymous child
// number n (counting from 0) of type blockType under parent, an unqualified
// name such as `dashboard.x`, `container.dashboard_x_anonymous_container_0`
// or, for blocks numbered against the mod, `mod.<modname>`:
//
//	<parent with "." replaced by "_">_anonymous_<blockType>_<n>
func AnonymousName(parent, blockType string, n int) string {
	return strings.ReplaceAll(parent, ".", "_") + "_anonymous_" + blockType + "_" + strconv.Itoa(n)
}
