package sqlsrc

import "github.com/acrvet/acr/pass"

func init() {
	pass.RegisterSyntaxCheck(func(src []byte) error { return parse(src, 0, nil).Err() }, pass.SQL)
}
