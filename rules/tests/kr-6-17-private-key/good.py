import os

import paramiko

pkey = paramiko.RSAKey.from_private_key_file(os.environ["DEPLOY_KEY_FILE"])
HEADER = "-----BEGIN CERTIFICATE-----"
