resource "aws_elb" "classic" {
  name               = "classic"
  availability_zones = ["ap-northeast-1a"]
  listener {
    instance_port      = 8080
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = aws_acm_certificate.main.arn
  }
}

resource "aws_load_balancer_policy" "tls12" {
  load_balancer_name = aws_elb.classic.name
  policy_name        = "tls12"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}

resource "aws_load_balancer_policy" "custom" {
  load_balancer_name = aws_elb.classic.name
  policy_name        = "custom"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Protocol-TLSv1"
    value = "false"
  }
  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }
  policy_attribute {
    name  = "ECDHE-RSA-AES128-GCM-SHA256"
    value = "true"
  }
}
