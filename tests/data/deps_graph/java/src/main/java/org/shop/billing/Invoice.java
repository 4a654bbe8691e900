package org.shop.billing;

import org.shop.order.Order;

public class Invoice {
  Order order;
}
