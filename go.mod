module github.com/ropcodec/ropcodec

go 1.24.0

require (
	github.com/dave/jennifer v1.7.1
	github.com/go-asn1-ber/asn1-ber v1.5.8
	github.com/go-ldap/ldap/v3 v3.4.13
	github.com/stretchr/testify v1.12.1
	golang.org/x/sys v0.41.0
	golang.org/x/tools v0.40.0
)

require (
	github.com/Azure/go-ntlmssp v0.1.1 // indirect
	github.com/google/uuid v1.6.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.48.0 // indirect
	golang.org/x/mod v0.32.0 // indirect
	golang.org/x/sync v0.19.0 // indirect
)
