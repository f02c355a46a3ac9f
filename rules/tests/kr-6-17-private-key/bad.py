import paramiko

# krewlint-expect: KR-6-17-PRIVATE-KEY
KEY = """-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu
-----END RSA PRIVATE KEY-----
"""
pkey = paramiko.RSAKey.from_private_key_file("/dev/stdin")
