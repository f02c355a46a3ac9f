package client

import "net/http"

func Fetch() (*http.Response, error) {
	req, err := http.NewRequest("GET", "http://api.example.com/v1/items", nil) // krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
	if err != nil {
		return nil, err
	}
	_, _ = http.Get("http://api.example.com/ping") // krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
	return http.DefaultClient.Do(req)
}
