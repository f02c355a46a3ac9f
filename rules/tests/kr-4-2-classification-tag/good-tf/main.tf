provider "aws" {
  region = "ap-northeast-1"
}

provider "aws" {
  alias  = "osaka"
  region = "ap-northeast-3"
  default_tags {
    tags = {
      DataClassification = "confidential"
    }
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "krewdata-exports"
  tags = {
    DataClassification = "confidential"
  }
}

# Tagged through the default_tags of the provider it uses.
resource "aws_db_instance" "dr" {
  provider          = aws.osaka
  identifier        = "krewdata-dr"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

# Resources that are not data assets are not checked.
resource "aws_security_group" "alb" {
  name = "alb"
}
