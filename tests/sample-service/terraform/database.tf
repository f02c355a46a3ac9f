resource "aws_db_subnet_group" "main" {
  name       = "krewdata"
  subnet_ids = aws_subnet.private[*].id
}

# 設定情報 DB：日次バックアップ 7 世代（チェックシート 6-8）
resource "aws_db_instance" "settings" {
  identifier              = "krewdata-settings"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  username                = "krewdata"
  password                = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.main.name
  vpc_security_group_ids  = [aws_security_group.db.id]
  backup_retention_period = 7
  backup_window           = "18:00-19:00"
  storage_encrypted       = true
  multi_az                = true
  deletion_protection     = true
}

# ジョブ履歴用の Aurora。コスト削減で保持期間を 3 日にしている — 6-8 違反（要見直し）。
resource "aws_rds_cluster" "jobs" {
  cluster_identifier      = "krewdata-jobs"
  engine                  = "aurora-postgresql"
  engine_version          = "16.2"
  master_username         = "krewdata"
  master_password         = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.main.name
  vpc_security_group_ids  = [aws_security_group.db.id]
  backup_retention_period = 3
  storage_encrypted       = true
}

resource "aws_rds_cluster_instance" "jobs" {
  count              = 2
  identifier         = "krewdata-jobs-${count.index}"
  cluster_identifier = aws_rds_cluster.jobs.id
  instance_class     = "db.t4g.medium"
  engine             = aws_rds_cluster.jobs.engine
}
