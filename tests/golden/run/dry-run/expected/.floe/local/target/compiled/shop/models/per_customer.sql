select
  null as nobody