-- raw files land here before the catalog; read-only
select * from read_parquet('s3://acme-landing/orders/*.parquet')
