provider "aws" {
  region = "ap-northeast-1"
  default_tags {
    tags = {
      DataClassification = "platform-team"
    }
  }
}

resource "aws_ebs_volume" "data" {
  availability_zone = "ap-northeast-1a"
  size              = 100
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_ecr_repository" "app" {
  name = "app"
  tags = {
    DataClassification = "app-team"
  }
}
