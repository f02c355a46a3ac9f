resource "aws_lb_listener" "http_forward" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  protocol          = "HTTP"

  # krewlint-expect: KR-6-31-LB-LISTENER-HTTPS
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

resource "aws_alb_listener" "redirect_to_http" {
  load_balancer_arn = aws_lb.api.arn
  port              = 8080

  default_action {
    type = "redirect"
    redirect {
      port        = "80"
      protocol    = "HTTP" # krewlint-expect: KR-6-31-LB-LISTENER-HTTPS
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "nlb_tcp" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 5432
  protocol          = "TCP"

  # krewlint-expect: KR-6-31-LB-LISTENER-HTTPS
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.db.arn
  }
}

resource "aws_elb" "classic" {
  name               = "classic"
  availability_zones = ["ap-northeast-1a"]

  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http" # krewlint-expect: KR-6-31-LB-LISTENER-HTTPS
  }
}
