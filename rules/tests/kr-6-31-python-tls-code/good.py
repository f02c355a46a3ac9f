import ssl

import httpx
import requests

resp = requests.get("https://api.example.com/items", verify="/etc/ssl/private-ca.pem")
client = httpx.Client(verify=True)
ctx = ssl.create_default_context()
ctx.minimum_version = ssl.TLSVersion.TLSv1_2
ctx.maximum_version = ssl.TLSVersion.MAXIMUM_SUPPORTED
ctx.check_hostname = True
ctx.verify_mode = ssl.CERT_REQUIRED
server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server.minimum_version = ssl.TLSVersion.TLSv1_3
