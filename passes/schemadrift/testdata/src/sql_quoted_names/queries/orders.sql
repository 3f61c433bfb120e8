SELECT "Id" FROM "Sales"."Orders" o WHERE o."Attrs" @> '{"vip": true}';
SELECT id FROM "Sales".orders WHERE attrs @> '{"vip": true}';
