import urllib.request

import httpx
import requests

r = requests.get("http://api.example.com/v1/items")  # krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
r = requests.request("POST", 'http://api.example.com/v1/items', json={})  # krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
page = urllib.request.urlopen(f"http://{host}/status")  # krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
client = httpx.Client(base_url="http://api.example.com")  # krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
