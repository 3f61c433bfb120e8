SELECT attrs->>'x' FROM items WHERE attrs->>'y' = '1';
