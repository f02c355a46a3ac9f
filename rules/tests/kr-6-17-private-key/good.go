package auth

import "os"

var signingKey = os.Getenv("SIGNING_KEY")

const pemType = "RSA PRIVATE KEY"
