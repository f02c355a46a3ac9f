resource "aws_db_instance" "enc" {
  engine            = "postgres"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.db.arn
}

resource "aws_rds_cluster" "enc" {
  engine            = "aurora-mysql"
  storage_encrypted = true
}

# Aurora Serverless v1 is always encrypted
resource "aws_rds_cluster" "serverless" {
  engine      = "aurora-mysql"
  engine_mode = "serverless"
}

# A read replica inherits the source's encryption (AWS says not to set it)
resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.enc.identifier
  instance_class      = "db.t3.micro"
}
