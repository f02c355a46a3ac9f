terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
  backend "s3" {
    bucket = "krewdata-tfstate"
    key    = "core/terraform.tfstate"
    region = "ap-northeast-1"
  }
}

provider "aws" {
  region = "ap-northeast-1" # 東京リージョン（チェックシート 10-2）

  default_tags {
    tags = {
      Service            = "krewdata"
      Owner              = "platform-team"
      DataClassification = "confidential"
    }
  }
}

# CloudFront の証明書は us-east-1 にしか置けない。顧客データは置かない（例外として申請済み）。
# krewlint はこれを 10-2 違反として報告する — 想定どおり。
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

# DR 用（大阪）
provider "aws" {
  alias  = "osaka"
  region = "ap-northeast-3"
}
