"""The words follow-up codes are made of: 256 short, common, neutral English words.

Easy to spell on a phone, no homophones of each other, nothing about sex,
bodies or feelings (a code may be seen on a lock screen). 256 words give each
word 8 bits; tests check the count and that every word is unique.
"""

_LIST = """
    acorn amber anchor apple apron arrow atlas autumn badge bagel bakery ballad bamboo banjo
    barley basket beacon beetle bell bench berry bicycle birch biscuit blanket bloom boat bonnet
    border bottle bramble branch breeze brick bridge brook broom bubble bucket buffalo bugle
    butter button cabin cactus camel candle canoe canyon carpet carrot castle cedar cello chalk
    cherry chess chimney cider clay cliff clock cloud clover cobalt coconut comet compass
    copper coral cotton crayon cricket crystal cup curtain daisy dancer desert dolphin
    drum dune eagle easel echo elbow ember emerald engine falcon feather fern ferry
    fiddle fig flag flute forest fossil fountain fox garden garnet gate geyser ginger glacier
    globe goose granite grape gravel guitar hammock harbor harp hazel helmet heron hill honey
    hoop horizon igloo island ivory ivy jacket jasmine jelly kayak kettle kite koala
    ladder lagoon lantern lark lemon lily linen lizard locket lotus magnet mango maple
    marble meadow melon mint mitten moon mosaic moss mountain muffin nectar nest noodle
    nutmeg oak oasis ocean olive onion orbit orchard otter owl paddle palace panda paper parrot
    peach pebble pelican pepper piano pigeon pillow pine planet plum pocket pony poppy pretzel
    puffin pumpkin quartz quill rabbit radish rainbow raven reef ribbon river robin rocket
    saddle saffron sail salmon sandal scarf seashell shovel silver sketch sled snail sparrow
    spoon spruce squash stamp star stone sugar summit sunset swan tablet teapot thimble thistle
    thunder tiger timber toast tomato tulip tunnel turnip umbrella valley velvet violin volcano
    wagon walrus walnut whale wheat whistle willow window winter yarn yogurt zebra zinnia zipper
"""
WORDS: tuple[str, ...] = tuple(_LIST.split())
