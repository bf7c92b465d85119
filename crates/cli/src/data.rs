//! Loading the law, the calendar and the exchange rates (being written).
