package client

import (
	"fmt"
	"net/http"
)

func Fetch() (*http.Response, error) {
	req, err := http.NewRequest("GET", "https://api.example.com/v1/items", nil)
	if err != nil {
		return nil, err
	}
	_, _ = http.Get("http://127.0.0.1:8080/ping")
	fmt.Println("see http://example.com")
	return http.DefaultClient.Do(req)
}
