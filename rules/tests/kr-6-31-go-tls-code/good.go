package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
)

func NewClient(pool *x509.CertPool) *http.Client {
	cfg := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		MaxVersion:         tls.VersionTLS13,
		InsecureSkipVerify: false,
		RootCAs:            pool,
	}
	cfg.MinVersion = tls.VersionTLS13
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}
