provider "aws" {
  region = "us-west-2" # krewlint-expect: KR-10-2-AWS-REGION
}

provider "aws" {
  alias  = "singapore"
  region = "ap-southeast-1" # krewlint-expect: KR-10-2-AWS-REGION
}

provider "aws" {
  alias  = "deploy"
  region = var.region # krewlint-expect: KR-10-2-AWS-REGION
}
