package yamlsrc

import (
	"bytes"
	"errors"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/pass"
)

func init() {
	pass.RegisterSyntaxCheck(checkSyntax, pass.Compose, pass.Kubernetes, pass.Mage, pass.YAML)
}

// checkSyntax decodes every document of src; aliases are not expanded.
func checkSyntax(src []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("YAML parser failed")
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}
