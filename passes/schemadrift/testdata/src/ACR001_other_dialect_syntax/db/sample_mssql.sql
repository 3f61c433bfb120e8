USE master;
DROP TABLE IF EXISTS dbo.report;
CREATE TABLE dbo.report (id int PRIMARY KEY);
