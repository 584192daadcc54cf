"""Echo Show and other screens: APL documents as data (documents/), and the data they show."""
