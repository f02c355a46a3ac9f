import ssl

import httpx
import requests

resp = requests.get("https://api.example.com/items", verify=False)  # krewlint-expect: KR-6-31-PYTHON-TLS-CODE
client = httpx.Client(verify=False)  # krewlint-expect: KR-6-31-PYTHON-TLS-CODE
session = requests.Session()
session.verify = False  # krewlint-expect: KR-6-31-PYTHON-TLS-CODE

ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # krewlint-expect: KR-6-31-PYTHON-TLS-CODE
old = ssl.SSLContext(ssl.PROTOCOL_TLSv1_1)  # krewlint-expect: KR-6-31-PYTHON-TLS-CODE
# krewlint-expect: KR-6-31-PYTHON-TLS-CODE
ssl._create_default_https_context = ssl._create_unverified_context
modern = ssl.create_default_context()
modern.minimum_version = ssl.TLSVersion.TLSv1_1  # krewlint-expect: KR-6-31-PYTHON-TLS-CODE
modern.check_hostname = False  # krewlint-expect: KR-6-31-PYTHON-TLS-CODE
modern.verify_mode = ssl.CERT_NONE  # krewlint-expect: KR-6-31-PYTHON-TLS-CODE
