-- ok: ACR001 -- T-SQL: IDENTITY(1,1), bracketed names and GO batches
CREATE TABLE [dbo].[Reports] (
    [Id] INT IDENTITY(1,1) NOT NULL,
    [Title] NVARCHAR(MAX) NULL
)
GO
