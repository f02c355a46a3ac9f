import urllib.request

import httpx
import requests

r = requests.get("https://api.example.com/v1/items")
dev = requests.get("http://localhost:8000/health")
page = urllib.request.urlopen(f"https://{host}/status")
client = httpx.Client(base_url="https://api.example.com")
print("docs at http://example.com")
