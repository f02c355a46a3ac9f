package client

import (
	"crypto/tls"
	"net/http"
)

func NewClient() *http.Client {
	cfg := &tls.Config{
		MinVersion:         tls.VersionTLS10, // krewlint-expect: KR-6-31-GO-TLS-CODE
		InsecureSkipVerify: true,             // krewlint-expect: KR-6-31-GO-TLS-CODE
	}
	cfg.MaxVersion = tls.VersionTLS11 // krewlint-expect: KR-6-31-GO-TLS-CODE
	cfg.InsecureSkipVerify = true     // krewlint-expect: KR-6-31-GO-TLS-CODE
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}
