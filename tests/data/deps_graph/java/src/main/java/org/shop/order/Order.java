package org.shop.order;

import org.shop.billing.Invoice; // order and billing need each other
import java.util.List;

public class Order {
  List<Invoice> invoices;
}
