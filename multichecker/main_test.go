package multichecker_test

import (
	"testing"

	"github.com/acrvet/acr/internal/gittest"
)

func TestMain(m *testing.M) { gittest.Main(m) }
