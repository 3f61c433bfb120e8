SELECT id FROM orders WHERE attrs ? 'coupon';
