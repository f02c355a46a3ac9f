import ssl, requests
# krewlint:ignore 6-31 reason=x
requests.get('http://x', verify=False)
ctx = ssl._create_unverified_context()
password = "hunter2hunter2hunter2"
'''krewlint:ignore not a comment'''
