package storage

import (
	"os"

	"github.com/aws/aws-sdk-go-v2/credentials"
)

var provider = credentials.NewStaticCredentialsProvider(os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), "")

const docs = "AKIAIOSFODNN7EXAMPLE"
