resource "aws_db_instance" "db" {
  backup_retention_period = 3
  storage_encrypted = var.enc
  multi_az = false
}
resource "aws_security_group" "sg" {
  ingress {
    from_port = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
provider "aws" { region = "us-east-1" }
