terraform {
  required_version = ">= 1.0"
  backend "s3" {}
}
provider "aws" { region = "ap-northeast-1" }
provider "aws" {
  alias = "us"
  region = "us-east-1"
}
variable "days" {
  type = number
  default = 7
}
module "m" { source = "./m" }
output "o" { value = 1 }
data "aws_iam_policy_document" "d" {}
weird "a" "b" "c" {}
