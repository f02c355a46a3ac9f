variable "customer_data_purge_days" {
  type    = number
  default = 45 # krewlint-expect: KR-6-30-DATA-PURGE-DELAY
}
