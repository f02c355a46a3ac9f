resource "aws_db_instance" "main" {
  identifier     = "krewdata"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
}

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "db-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "CPUUtilization"
  namespace           = "AWS/RDS"
  period              = 300
  statistic           = "Average"
  threshold           = 80
  alarm_actions       = [aws_sns_topic.ops.arn]
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.main.identifier
  }
}

resource "aws_lb" "public" {
  name = "public"
}

resource "aws_cloudwatch_metric_alarm" "lb_5xx" {
  alarm_name          = "lb-5xx"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "HTTPCode_ELB_5XX_Count"
  namespace           = "AWS/ApplicationELB"
  period              = 60
  statistic           = "Sum"
  threshold           = 10
  alarm_actions       = [aws_sns_topic.ops.arn]
  dimensions = {
    LoadBalancer = aws_lb.public.arn_suffix
  }
}
